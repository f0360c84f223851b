package dev.weft.proxy.detect;

/** What a connection speaks, as far as the proxy cares. */
public enum Protocol {
  /** HTTP/2 with prior knowledge (h2c): the client sent the connection preface. */
  HTTP2,
  /** HTTP/1.0 or HTTP/1.1: the client sent a request line. */
  HTTP1,
  /** A TLS ClientHello: terminated if it is for the proxy's own identity, else relayed. */
  TLS,
  /** Anything else, relayed byte for byte. */
  OPAQUE
}
