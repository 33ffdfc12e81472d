package no.maskinportenbackstage.realclients;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.ks.fiks.maskinporten.AccessTokenRequest;
import no.ks.fiks.maskinporten.AccessTokenRequestBuilder;
import no.ks.fiks.maskinporten.Maskinportenklient;
import no.ks.fiks.maskinporten.MaskinportenklientBuilder;
import no.ks.fiks.maskinporten.MaskinportenklientProperties;
import no.ks.fiks.maskinporten.error.MaskinportenTokenRequestException;

/**
 * Asks for tokens with KS Fiks' Maskinporten client, exactly as an application would use it
 * (MaskinportenklientBuilder, then getAccessToken(AccessTokenRequest)), and prints one JSON
 * line per call: {"ok":true,"accessToken":…} or {"ok":false,"status":…,"error":…}.
 *
 * Arguments (each --name=value): token-endpoint, audience (the issuer), client-id, key (a PKCS#8
 * PEM file), then kid (a registered key) or certificate (a PEM file: the enterprise certificate,
 * sent as x5c); scope (repeatable), consumer-org, resource, pid, calls (default 1; the client
 * caches a token until it expires, so a second call must not reach the token endpoint).
 */
public final class FiksTokenCli {
  private FiksTokenCli() {}

  public static void main(String[] args) throws Exception {
    Map<String, List<String>> options = parse(args);
    PrivateKey privateKey = readPrivateKey(Path.of(one(options, "key")));

    MaskinportenklientProperties properties = MaskinportenklientProperties.builder()
        .tokenEndpoint(one(options, "token-endpoint"))
        .audience(one(options, "audience"))
        .issuer(one(options, "client-id"))
        .build();
    MaskinportenklientBuilder builder = Maskinportenklient.builder()
        .withPrivateKey(privateKey)
        .withProperties(properties);
    if (options.containsKey("kid")) {
      builder.usingAsymmetricKey(one(options, "kid"));
    } else {
      builder.usingVirksomhetssertifikat(readCertificate(Path.of(one(options, "certificate"))));
    }
    Maskinportenklient client = builder.build();

    AccessTokenRequestBuilder request = AccessTokenRequest.builder();
    for (String scope : options.getOrDefault("scope", List.of())) {
      request.scope(scope);
    }
    if (options.containsKey("consumer-org")) request.consumerOrg(one(options, "consumer-org"));
    if (options.containsKey("resource")) request.audience(one(options, "resource"));
    if (options.containsKey("pid")) request.pid(one(options, "pid"));
    AccessTokenRequest built = request.build();

    int calls = Integer.parseInt(options.getOrDefault("calls", List.of("1")).get(0));
    for (int call = 1; call <= calls; call++) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("call", call);
      try {
        line.put("ok", true);
        line.put("accessToken", client.getAccessToken(built));
      } catch (MaskinportenTokenRequestException e) {
        line.put("ok", false);
        line.put("exception", e.getClass().getSimpleName());
        line.put("status", e.getStatusCode());
        line.put("error", e.getMaskinportenError());
      }
      System.out.println(JSONObjectUtils.toJSONString(line));
    }
    System.exit(0);
  }

  private static Map<String, List<String>> parse(String[] args) {
    Map<String, List<String>> options = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      String name = arg.substring(2, arg.indexOf('='));
      options.computeIfAbsent(name, k -> new ArrayList<>()).add(arg.substring(arg.indexOf('=') + 1));
    }
    return options;
  }

  private static String one(Map<String, List<String>> options, String name) {
    List<String> values = options.get(name);
    if (values == null || values.size() != 1) {
      throw new IllegalArgumentException("--" + name + " is required once");
    }
    return values.get(0);
  }

  private static byte[] pemBody(String pem) {
    StringBuilder body = new StringBuilder();
    for (String line : pem.split("\n")) {
      if (!line.startsWith("-----")) body.append(line.trim());
    }
    return Base64.getDecoder().decode(body.toString());
  }

  private static PrivateKey readPrivateKey(Path file) throws Exception {
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(pemBody(Files.readString(file))));
  }

  private static X509Certificate readCertificate(Path file) throws Exception {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
  }
}
