package dev.weft.controlplane.fleet;

/**
 * A running pod with a Weft proxy, as the pod cache holds it (kubernetes mode).
 *
 * @param namespace the pod's namespace
 * @param name the pod's name, which its proxy reports as its instance
 * @param workload the workload that controls it, as {@code /v1/fleet} counts it
 * @param version the proxy version the injector wrote ({@code weft.dev/proxy-version})
 * @param image the {@code weft-proxy} container's image, or null
 * @param imageDigest the digest ({@code sha256:...}) of the image it runs, or null before it runs
 * @param zone the pod's {@code topology.kubernetes.io/zone} label, or null
 */
public record ProxyPod(
    String namespace,
    String name,
    Workload workload,
    String version,
    String image,
    String imageDigest,
    String zone) {}
