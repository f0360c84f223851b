package dev.weft.proxy.balance;

import static dev.weft.proxy.balance.OutcomeClassifier.NO_GRPC_STATUS;
import static dev.weft.proxy.balance.OutcomeClassifier.classify;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.spi.balancer.Outcome.Kind;
import org.junit.jupiter.api.Test;

class OutcomeClassifierTest {
  @Test
  void httpStatuses() {
    assertEquals(Kind.OVERLOADED, classify(503, NO_GRPC_STATUS));
    assertEquals(Kind.OVERLOADED, classify(429, NO_GRPC_STATUS));
    assertEquals(Kind.FAILURE, classify(500, NO_GRPC_STATUS));
    assertEquals(Kind.FAILURE, classify(502, NO_GRPC_STATUS));
    assertEquals(Kind.FAILURE, classify(599, NO_GRPC_STATUS));
    assertEquals(Kind.SUCCESS, classify(200, NO_GRPC_STATUS));
    assertEquals(Kind.SUCCESS, classify(404, NO_GRPC_STATUS));
    assertEquals(Kind.SUCCESS, classify(499, NO_GRPC_STATUS));
    assertEquals(Kind.SUCCESS, classify(301, NO_GRPC_STATUS));
  }

  @Test
  void grpcStatusDecidesWhenPresent() {
    assertEquals(Kind.OVERLOADED, classify(200, 14));
    assertEquals(Kind.OVERLOADED, classify(200, 8));
    assertEquals(Kind.FAILURE, classify(200, 13));
    assertEquals(Kind.FAILURE, classify(200, 2));
    assertEquals(Kind.FAILURE, classify(200, 15));
    assertEquals(Kind.FAILURE, classify(200, 12));
    assertEquals(Kind.CANCELLED, classify(200, 1));
    assertEquals(Kind.CANCELLED, classify(200, 4));
    assertEquals(Kind.SUCCESS, classify(200, 0));
    assertEquals(Kind.SUCCESS, classify(200, 5), "NOT_FOUND is the application's answer");
    assertEquals(Kind.SUCCESS, classify(200, 3));
    assertEquals(Kind.SUCCESS, classify(500, 0), "a gRPC status overrides the HTTP one");
  }

  @Test
  void grpcStatusHeaderValues() {
    assertEquals(14, OutcomeClassifier.grpcStatus("14"));
    assertEquals(0, OutcomeClassifier.grpcStatus("0"));
    assertEquals(NO_GRPC_STATUS, OutcomeClassifier.grpcStatus(null));
    assertEquals(NO_GRPC_STATUS, OutcomeClassifier.grpcStatus(""));
    assertEquals(NO_GRPC_STATUS, OutcomeClassifier.grpcStatus("-1"));
    assertEquals(NO_GRPC_STATUS, OutcomeClassifier.grpcStatus("1x"));
    assertEquals(NO_GRPC_STATUS, OutcomeClassifier.grpcStatus("99999999999"));
  }
}
