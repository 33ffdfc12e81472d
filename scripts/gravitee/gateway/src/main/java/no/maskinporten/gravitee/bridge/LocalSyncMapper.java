package no.maskinporten.gravitee.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gravitee.definition.model.DefinitionVersion;
import io.gravitee.definition.model.v4.ApiType;
import io.gravitee.gateway.api.service.ApiKey;
import io.gravitee.gateway.api.service.Subscription;
import io.gravitee.gateway.api.service.SubscriptionConfiguration;
import io.gravitee.gateway.reactor.ReactableApi;
import io.gravitee.repository.management.model.Event;
import io.gravitee.repository.management.model.LifecycleState;
import java.util.List;
import java.util.Optional;

/**
 * The sync service's mappers, restated because their plugin is not on Maven Central. Each
 * method names the class it follows (gravitee-apim-gateway-services-sync, tag 4.10.8).
 */
final class LocalSyncMapper {

    private final ObjectMapper objectMapper;
    private final String organizationId;

    LocalSyncMapper(ObjectMapper objectMapper, String organizationId) {
        this.objectMapper = objectMapper;
        this.organizationId = organizationId;
    }

    /**
     * process/local/mapper/ApiMapper.java#to (PROXY APIs). Its EnvironmentService#fill reads the
     * environment's organisation from the repository; without one, the organisation is configured
     * (services.deploybridge.organization) and the ids double as hrids.
     */
    ReactableApi<?> toReactableApi(LocalSyncFile file) throws Exception {
        Event event = file.apiEvent;
        if (event == null || event.getPayload() == null) {
            throw new IllegalArgumentException("apiEvent with a payload is required");
        }
        var api = objectMapper.readValue(event.getPayload(), io.gravitee.repository.management.model.Api.class);
        ReactableApi<?> reactableApi;
        if (DefinitionVersion.V4 != api.getDefinitionVersion()) {
            var definition = objectMapper.readValue(api.getDefinition(), io.gravitee.definition.model.Api.class);
            reactableApi = new io.gravitee.gateway.handlers.api.definition.Api(definition);
        } else if (api.getType() == ApiType.PROXY) {
            var definition = objectMapper.readValue(api.getDefinition(), io.gravitee.definition.model.v4.Api.class);
            reactableApi = new io.gravitee.gateway.reactive.handlers.api.v4.Api(definition);
        } else {
            throw new IllegalArgumentException("Unsupported ApiType [" + api.getType() + "] for api: " + api.getId());
        }
        reactableApi.setEnabled(api.getLifecycleState() == LifecycleState.STARTED);
        reactableApi.setDeployedAt(event.getCreatedAt());
        reactableApi.setRevision(Optional.ofNullable(event.getProperties()).map(p -> p.get("deployment_number")).orElse(null));
        reactableApi.setEnvironmentId(api.getEnvironmentId());
        reactableApi.setEnvironmentHrid(api.getEnvironmentId());
        reactableApi.setOrganizationId(organizationId);
        reactableApi.setOrganizationHrid(organizationId);
        return reactableApi;
    }

    /** process/common/mapper/SubscriptionMapper.java#to */
    List<Subscription> toSubscriptions(LocalSyncFile file) throws Exception {
        if (file.subscriptions == null) {
            return List.of();
        }
        var result = new java.util.ArrayList<Subscription>();
        for (var model : file.subscriptions) {
            Subscription subscription = new Subscription();
            subscription.setApi(model.getApi());
            subscription.setApplication(model.getApplication());
            subscription.setApplicationName(model.getApplicationName());
            subscription.setClientId(model.getClientId());
            subscription.setClientCertificate(model.getClientCertificate());
            subscription.setStartingAt(model.getStartingAt());
            subscription.setEndingAt(model.getEndingAt());
            subscription.setId(model.getId());
            subscription.setPlan(model.getPlan());
            if (model.getStatus() != null) {
                subscription.setStatus(model.getStatus().name());
            }
            if (model.getConsumerStatus() != null) {
                subscription.setConsumerStatus(Subscription.ConsumerStatus.valueOf(model.getConsumerStatus().name()));
            }
            if (model.getType() != null) {
                subscription.setType(Subscription.Type.valueOf(model.getType().name().toUpperCase()));
            }
            if (model.getConfiguration() != null) {
                subscription.setConfiguration(objectMapper.readValue(model.getConfiguration(), SubscriptionConfiguration.class));
            }
            subscription.setMetadata(model.getMetadata());
            subscription.setEnvironmentId(model.getEnvironmentId());
            result.add(subscription);
        }
        return result;
    }

    /** process/local/mapper/ApiKeyMapper.java#to */
    List<ApiKey> toApiKeys(LocalSyncFile file, List<Subscription> subscriptions) {
        if (file.apiKeys == null) {
            return List.of();
        }
        return file.apiKeys
            .stream()
            .map(model -> {
                ApiKey.ApiKeyBuilder builder = ApiKey.builder()
                    .id(model.getId())
                    .key(model.getKey())
                    .application(model.getApplication())
                    .expireAt(model.getExpireAt())
                    .revoked(model.isRevoked())
                    .paused(model.isPaused())
                    .active(false);
                subscriptions
                    .stream()
                    .filter(s -> model.getSubscriptions() != null && model.getSubscriptions().contains(s.getId()))
                    .findFirst()
                    .ifPresent(s ->
                        builder
                            .api(s.getApi())
                            .plan(s.getPlan())
                            .subscription(s.getId())
                            .active(!model.isPaused() && !model.isRevoked() && "ACCEPTED".equals(s.getStatus()))
                    );
                return builder.build();
            })
            .toList();
    }
}
