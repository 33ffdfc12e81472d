package no.maskinporten.gravitee.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gravitee.common.service.AbstractService;
import io.gravitee.gateway.api.service.ApiKeyService;
import io.gravitee.gateway.api.service.Subscription;
import io.gravitee.gateway.api.service.SubscriptionService;
import io.gravitee.gateway.handlers.api.manager.ApiManager;
import io.gravitee.gateway.reactor.ReactableApi;
import io.gravitee.node.api.server.ServerManager;
import io.gravitee.node.vertx.server.http.VertxHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Stands in for the gateway's sync service, which Gravitee does not publish to Maven Central
 * (see docs/adr/0005-real-gravitee.md). It is a service plugin like the sync service, so the
 * gateway loads it the same way, and it registers what it is given exactly as the sync
 * service's local synchronizer does with a file of the same shape
 * (gravitee-apim-gateway-services-sync, process/local/synchronizer/LocalApiSynchronizer.java,
 * tag 4.10.8): the API event through the ApiManager, then subscriptions, then API keys.
 *
 * HTTP on 127.0.0.1 only (the port is printed as DEPLOY_BRIDGE_PORT=…):
 *   PUT    /apis/{id}  body {apiEvent, subscriptions, apiKeys} (LocalSyncFileDefinition) → 200
 *   PUT    /apis/{id}/subscriptions  body {subscriptions, apiKeys} → 200: registers them without
 *          touching the API, as the sync service's SubscriptionSynchronizer and
 *          ApiKeySynchronizer do for a subscription made after the deploy
 *   DELETE /apis/{id}  undeploys → 204
 *   GET    /status     {"gatewayHttpPort": n, "apis": [ids]} once the gateway listens, else 503
 */
public class DeployBridgeService extends AbstractService<DeployBridgeService> {

    private static final Logger LOGGER = LoggerFactory.getLogger(DeployBridgeService.class);

    @Autowired
    private ApiManager apiManager;

    @Autowired
    private ApiKeyService apiKeyService;

    @Autowired
    private SubscriptionService subscriptionService;

    @Autowired
    private ServerManager serverManager;

    @Autowired
    private ObjectMapper objectMapper;

    @Value("${services.deploybridge.port:0}")
    private int port;

    @Value("${services.deploybridge.organization:DEFAULT}")
    private String organizationId;

    private HttpServer server;
    private LocalSyncMapper mapper;

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        mapper = new LocalSyncMapper(objectMapper, organizationId);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::handle);
        server.start();
        // The integration suite reads this line to find the bridge.
        System.out.println("DEPLOY_BRIDGE_PORT=" + server.getAddress().getPort());
        System.out.flush();
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop(0);
        }
        super.doStop();
    }

    @Override
    protected String name() {
        return "Maskinporten for Backstage deploy bridge";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if ("GET".equals(method) && "/status".equals(path)) {
                status(exchange);
            } else if (path.startsWith("/apis/") && path.endsWith("/subscriptions") && "PUT".equals(method)) {
                String apiId = path.substring("/apis/".length(), path.length() - "/subscriptions".length());
                subscriptions(exchange, apiId);
            } else if (path.startsWith("/apis/") && path.length() > "/apis/".length()) {
                String apiId = path.substring("/apis/".length());
                if ("PUT".equals(method)) {
                    deploy(exchange, apiId);
                } else if ("DELETE".equals(method)) {
                    undeploy(apiId);
                    send(exchange, 204, null);
                } else {
                    send(exchange, 405, Map.of("message", "method not allowed"));
                }
            } else {
                send(exchange, 404, Map.of("message", "no such path"));
            }
        } catch (Exception e) {
            LOGGER.warn("Deploy bridge request failed", e);
            send(exchange, 500, Map.of("message", String.valueOf(e.getMessage())));
        } finally {
            exchange.close();
        }
    }

    private void status(HttpExchange exchange) throws IOException {
        // As the gateway test SDK's GatewayRunner finds the port it listens on.
        Integer httpPort = serverManager
            .servers(VertxHttpServer.class)
            .stream()
            .flatMap(server -> server.instances().stream())
            .map(instance -> instance.actualPort())
            .filter(p -> p > 0)
            .findFirst()
            .orElse(null);
        if (httpPort == null) {
            send(exchange, 503, Map.of("message", "gateway not listening yet"));
            return;
        }
        List<String> apis = apiManager.apis().stream().map(ReactableApi::getId).sorted().toList();
        send(exchange, 200, Map.of("gatewayHttpPort", httpPort, "apis", apis));
    }

    private void deploy(HttpExchange exchange, String apiId) throws IOException {
        LocalSyncFile file;
        ReactableApi<?> api;
        List<Subscription> subscriptions;
        try (InputStream body = exchange.getRequestBody()) {
            file = objectMapper.readValue(body, LocalSyncFile.class);
            api = mapper.toReactableApi(file);
            subscriptions = mapper.toSubscriptions(file);
        } catch (Exception e) {
            send(exchange, 400, Map.of("message", "unreadable deployment: " + e.getMessage()));
            return;
        }
        if (!apiId.equals(api.getId())) {
            send(exchange, 400, Map.of("message", "the path names API " + apiId + " but the event carries " + api.getId()));
            return;
        }
        // LocalApiSynchronizer.watch, ENTRY_MODIFY: unregister the API, its subscriptions and keys, then deploy again.
        if (apiManager.get(apiId) != null) {
            undeploy(apiId);
        }
        if (!apiManager.register(api)) {
            send(exchange, 500, Map.of("message", "the gateway refused to register API " + apiId));
            return;
        }
        subscriptions.forEach(subscriptionService::register);
        mapper.toApiKeys(file, subscriptions).forEach(apiKeyService::register);
        LOGGER.info("Deployed API {} ({} subscriptions)", apiId, subscriptions.size());
        send(exchange, 200, Map.of("deployed", apiId, "subscriptions", subscriptions.size()));
    }

    private void subscriptions(HttpExchange exchange, String apiId) throws IOException {
        LocalSyncFile file;
        List<Subscription> subscriptions;
        try (InputStream body = exchange.getRequestBody()) {
            file = objectMapper.readValue(body, LocalSyncFile.class);
            subscriptions = mapper.toSubscriptions(file);
        } catch (Exception e) {
            send(exchange, 400, Map.of("message", "unreadable subscriptions: " + e.getMessage()));
            return;
        }
        if (apiManager.get(apiId) == null) {
            send(exchange, 404, Map.of("message", "API " + apiId + " is not deployed"));
            return;
        }
        if (subscriptions.stream().anyMatch(s -> !apiId.equals(s.getApi()))) {
            send(exchange, 400, Map.of("message", "a subscription names another API than " + apiId));
            return;
        }
        subscriptions.forEach(subscriptionService::register);
        mapper.toApiKeys(file, subscriptions).forEach(apiKeyService::register);
        LOGGER.info("Registered {} subscription(s) of API {}", subscriptions.size(), apiId);
        send(exchange, 200, Map.of("api", apiId, "subscriptions", subscriptions.size()));
    }

    private void undeploy(String apiId) {
        apiManager.unregister(apiId);
        subscriptionService.unregisterByApiId(apiId);
        apiKeyService.unregisterByApiId(apiId);
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = objectMapper.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
