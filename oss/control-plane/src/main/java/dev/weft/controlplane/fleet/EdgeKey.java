package dev.weft.controlplane.fleet;

/** An edge of a heartbeat, as the proxy's metrics tell edges apart. Empty peer when plaintext. */
record EdgeKey(String direction, String targetAddr, boolean tls, String peerIdentity) {}
