package no.maskinporten.gravitee.bridge;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.gravitee.repository.management.model.ApiKey;
import io.gravitee.repository.management.model.Event;
import io.gravitee.repository.management.model.Subscription;
import java.util.List;

/**
 * The shape of the gateway's own local-sync file (gravitee-apim-gateway-services-sync,
 * process/local/model/LocalSyncFileDefinition.java, tag 4.10.8): the event the management API
 * writes to the repository when it deploys an API, with the API's subscriptions and API keys.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public class LocalSyncFile {

    @JsonProperty("apiEvent")
    public Event apiEvent;

    @JsonProperty("subscriptions")
    public List<Subscription> subscriptions;

    @JsonProperty("apiKeys")
    public List<ApiKey> apiKeys;
}
