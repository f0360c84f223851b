package dev.weft.controlplane.local;

import dev.weft.controlplane.ControlPlane;
import dev.weft.controlplane.discovery.local.RegistryStatus;
import dev.weft.controlplane.identity.IdentityName;
import dev.weft.controlplane.identity.local.LocalCa;
import dev.weft.controlplane.identity.local.MintedToken;
import dev.weft.controlplane.identity.local.RotationConflictException;
import dev.weft.controlplane.identity.local.RotationStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The local mode's admin API: bootstrap tokens, root rotation and the registry file's status. Every
 * call needs {@code Authorization: Bearer <STATE/admin-token>}; in Kubernetes mode the API does not
 * exist (404).
 */
@Path("/local/v1")
@Produces(MediaType.APPLICATION_JSON)
public class LocalApi {
  private static final String BEARER = "Bearer ";

  private final ControlPlane controlPlane;

  LocalApi(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  @POST
  @Path("tokens")
  public Response mint(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, TokenRequest body) {
    LocalControl local;
    try {
      local = authorize(authorization);
    } catch (Refusal refusal) {
      return refusal.response;
    }
    if (body == null || body.namespace() == null || body.serviceAccount() == null) {
      return error(
          Response.Status.BAD_REQUEST,
          "body must be JSON {\"namespace\":\"NS\",\"serviceAccount\":\"SA\"} (optional"
              + " \"ttlSeconds\")");
    }
    Duration ttl = local.tokenTtl();
    if (body.ttlSeconds() != null) {
      if (body.ttlSeconds() <= 0 || body.ttlSeconds() > local.tokenMaxTtl().toSeconds()) {
        return error(
            Response.Status.BAD_REQUEST,
            "ttlSeconds: "
                + body.ttlSeconds()
                + " (expected: 1.."
                + local.tokenMaxTtl().toSeconds()
                + ")");
      }
      ttl = Duration.ofSeconds(body.ttlSeconds());
    }
    IdentityName identity;
    try {
      identity = new IdentityName(body.serviceAccount(), body.namespace(), local.trustDomain());
    } catch (IllegalArgumentException e) {
      return error(Response.Status.BAD_REQUEST, e.getMessage());
    }
    MintedToken minted = local.tokens().mint(identity, ttl);
    return Response.ok(
            new TokenResponse(
                minted.token(), minted.identity().name(), minted.expiresAt().toString()))
        .build();
  }

  @GET
  @Path("trust")
  public Response trust(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    try {
      return Response.ok(authorize(authorization).ca().status()).build();
    } catch (Refusal refusal) {
      return refusal.response;
    }
  }

  /** The registry file's services and the errors of its last read (each with its line). */
  @GET
  @Path("registry")
  public Response registry(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
    try {
      authorize(authorization);
    } catch (Refusal refusal) {
      return refusal.response;
    }
    return controlPlane
        .registry()
        .map(registry -> {
          RegistryStatus status = registry.status();
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("file", registry.file().toString());
          body.put("services", status.services());
          body.put("errors", status.errors());
          return Response.ok(body).build();
        })
        .orElseGet(() -> error(Response.Status.NOT_FOUND, "no registry file is read"));
  }

  @POST
  @Path("trust/rotate/{phase}")
  public Response rotate(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @PathParam("phase") String phase) {
    LocalCa ca;
    try {
      ca = authorize(authorization).ca();
    } catch (Refusal refusal) {
      return refusal.response;
    }
    try {
      RotationStatus status =
          switch (phase) {
            case "add-root" -> ca.addRoot();
            case "move-issuer" -> ca.moveIssuer();
            case "drop-old-roots" -> ca.dropOldRoots();
            default -> null;
          };
      if (status == null) {
        return error(
            Response.Status.NOT_FOUND,
            "unknown rotation phase \""
                + phase
                + "\" (expected: add-root, move-issuer or drop-old-roots)");
      }
      return Response.ok(status).build();
    } catch (RotationConflictException e) {
      return error(Response.Status.CONFLICT, e.getMessage());
    }
  }

  private LocalControl authorize(String authorization) throws Refusal {
    Optional<LocalControl> local = controlPlane.local();
    if (local.isEmpty()) {
      throw new Refusal(
          error(Response.Status.NOT_FOUND, "the local API exists only in local mode"));
    }
    if (authorization == null || !authorization.startsWith(BEARER)) {
      throw new Refusal(
          unauthorized(
              "missing Authorization: Bearer <token> (the token is in STATE/admin-token)"));
    }
    if (!local.get().isAdmin(authorization.substring(BEARER.length()).strip())) {
      throw new Refusal(unauthorized("the bearer token is not this control plane's admin token"));
    }
    return local.get();
  }

  private static Response unauthorized(String message) {
    return Response.status(Response.Status.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .entity(Map.of("error", message))
        .type(MediaType.APPLICATION_JSON)
        .build();
  }

  private static Response error(Response.Status status, String message) {
    return Response.status(status)
        .entity(Map.of("error", message))
        .type(MediaType.APPLICATION_JSON)
        .build();
  }

  /** Carries an early answer out of {@link #authorize}. */
  private static final class Refusal extends Exception {
    private final transient Response response;

    Refusal(Response response) {
      super(null, null, false, false);
      this.response = response;
    }
  }
}
