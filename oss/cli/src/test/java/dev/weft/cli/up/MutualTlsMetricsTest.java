package dev.weft.cli.up;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What the end-to-end test counts as mutually authenticated traffic on a proxy's /metrics. */
class MutualTlsMetricsTest {
  @Test
  void countsOnlyTlsResponsesWithADemoPeerIdentity() {
    String metrics =
        """
        # TYPE response_total counter
        response_total{direction="outbound",tls="true",server_id="books.demo.serviceaccount.identity.weft.cluster.local",status_code="200"} 12.0
        response_total{direction="inbound",tls="true",client_id="web.demo.serviceaccount.identity.weft.cluster.local",status_code="200"} 3
        response_total{direction="inbound",tls="false",status_code="200"} 40.0
        response_total{direction="inbound",tls="true",status_code="200"} 7.0
        request_total{direction="outbound",tls="true",server_id="books.demo.serviceaccount.identity.weft.cluster.local"} 12.0
        response_total{direction="outbound",tls="",server_id="",target_addr="books:80",status_code="200"} 30.0
        tcp_open_total{direction="outbound",peer="dst",tls="true",server_id="books.demo.serviceaccount.identity.weft.cluster.local"} 2.0
        tcp_open_total{direction="outbound",peer="dst",tls="no_identity",server_id=""} 5.0
        """;
    assertEquals(17.0, MeshEndToEndTest.mutualTlsResponses(metrics));
    assertEquals(0.0, MeshEndToEndTest.mutualTlsResponses("response_total{tls=\"false\"} 9\n"));
  }
}
