package dev.weft.proxy.http2;

import static io.grpc.stub.ServerCalls.asyncBidiStreamingCall;
import static io.grpc.stub.ServerCalls.asyncClientStreamingCall;
import static io.grpc.stub.ServerCalls.asyncServerStreamingCall;
import static io.grpc.stub.ServerCalls.asyncUnaryCall;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A gRPC test service over raw bytes (no protobuf): echo, failure, the four call shapes, and calls
 * that never finish so that a test can watch cancellation arrive. Requests that carry {@link #TAG}
 * get it back in a response header and a trailer, and {@link #BLOB} back in a trailer.
 */
public final class EchoService {
  static final String SERVICE = "weft.test.Echo";

  static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  /** Answers the request itself. */
  public static final MethodDescriptor<byte[], byte[]> UNARY = method("Unary", MethodType.UNARY);

  /** Fails with NOT_FOUND "no widget REQUEST", before any header: a trailers-only response. */
  public static final MethodDescriptor<byte[], byte[]> FAIL = method("Fail", MethodType.UNARY);

  /** Request {@link Payloads#streamRequest}: streams that many {@link Payloads#message}s. */
  public static final MethodDescriptor<byte[], byte[]> SERVER_STREAM =
      method("ServerStream", MethodType.SERVER_STREAMING);

  /** Checks that message i is {@code Payloads.message(i, n)} and answers a summary in words. */
  static final MethodDescriptor<byte[], byte[]> CLIENT_STREAM =
      method("ClientStream", MethodType.CLIENT_STREAMING);

  /** Echoes every message as it arrives. */
  public static final MethodDescriptor<byte[], byte[]> BIDI =
      method("Bidi", MethodType.BIDI_STREAMING);

  /** Never answers; records "Hang:REQUEST" in {@link #cancellations} when cancelled. */
  static final MethodDescriptor<byte[], byte[]> HANG = method("Hang", MethodType.UNARY);

  /** Sends the request back once, then nothing; records "Ticks:REQUEST" when cancelled. */
  static final MethodDescriptor<byte[], byte[]> TICKS =
      method("Ticks", MethodType.SERVER_STREAMING);

  static final Metadata.Key<String> TAG =
      Metadata.Key.of("x-request-tag", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> ECHO_TAG =
      Metadata.Key.of("x-echo-tag", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> TRAILER_TAG =
      Metadata.Key.of("x-trailer-tag", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<byte[]> BLOB =
      Metadata.Key.of("x-blob-bin", Metadata.BINARY_BYTE_MARSHALLER);

  /** What the server saw cancelled, in order. */
  final BlockingQueue<String> cancellations = new LinkedBlockingQueue<>();

  static MethodDescriptor<byte[], byte[]> method(String name, MethodType type) {
    return method(SERVICE, name, type);
  }

  static MethodDescriptor<byte[], byte[]> method(String service, String name, MethodType type) {
    return MethodDescriptor.newBuilder(BYTES, BYTES)
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
        .build();
  }

  public static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public ServerServiceDefinition definition() {
    ServerServiceDefinition def =
        ServerServiceDefinition.builder(SERVICE)
            .addMethod(
                UNARY,
                asyncUnaryCall((req, out) -> {
                  out.onNext(req);
                  out.onCompleted();
                }))
            .addMethod(
                FAIL,
                asyncUnaryCall((req, out) ->
                    out.onError(
                        Status.NOT_FOUND
                            .withDescription("no widget " + utf8(req))
                            .asRuntimeException())))
            .addMethod(SERVER_STREAM, asyncServerStreamingCall(EchoService::serverStream))
            .addMethod(CLIENT_STREAM, asyncClientStreamingCall(EchoService::clientStream))
            .addMethod(
                BIDI,
                asyncBidiStreamingCall(out ->
                    new StreamObserver<>() {
                      @Override
                      public void onNext(byte[] value) {
                        out.onNext(value);
                      }

                      @Override
                      public void onError(Throwable t) {}

                      @Override
                      public void onCompleted() {
                        out.onCompleted();
                      }
                    }))
            .addMethod(HANG, asyncUnaryCall((req, out) -> onCancel(out, "Hang:" + utf8(req))))
            .addMethod(
                TICKS,
                asyncServerStreamingCall((req, out) -> {
                  onCancel(out, "Ticks:" + utf8(req));
                  out.onNext(req);
                }))
            .build();
    return ServerInterceptors.intercept(def, new MetadataEcho());
  }

  private void onCancel(StreamObserver<byte[]> out, String what) {
    ((ServerCallStreamObserver<byte[]>) out).setOnCancelHandler(() -> cancellations.add(what));
  }

  /** Honours the client's flow control: sends only while the call is ready. */
  private static void serverStream(byte[] req, StreamObserver<byte[]> out) {
    ByteBuffer b = ByteBuffer.wrap(req);
    int count = b.getInt();
    int size = b.getInt();
    ServerCallStreamObserver<byte[]> call = (ServerCallStreamObserver<byte[]>) out;
    int[] next = {0};
    call.setOnCancelHandler(() -> {});
    call.setOnReadyHandler(() -> {
      while (next[0] < count && call.isReady()) {
        call.onNext(Payloads.message(next[0]++, size));
      }
      if (next[0] == count) {
        next[0]++;
        call.onCompleted();
      }
    });
  }

  private static StreamObserver<byte[]> clientStream(StreamObserver<byte[]> out) {
    return new StreamObserver<>() {
      int count;
      long bytes;
      String problem;

      @Override
      public void onNext(byte[] m) {
        if (problem == null && !Payloads.intact(m, count, m.length)) {
          problem =
              "message " + count + " is not intact (claims index " + Payloads.indexOf(m) + ")";
        }
        count++;
        bytes += m.length;
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {
        out.onNext(
            utf8(problem != null ? problem : count + " messages, " + bytes + " bytes, intact"));
        out.onCompleted();
      }
    };
  }

  /**
   * Echoes {@link #TAG} in the response headers and trailers, and {@link #BLOB} in the trailers.
   */
  private static final class MetadataEcho implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String tag = headers.get(TAG);
      byte[] blob = headers.get(BLOB);
      return next.startCall(
          new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata h) {
              if (tag != null) {
                h.put(ECHO_TAG, tag);
              }
              super.sendHeaders(h);
            }

            @Override
            public void close(Status status, Metadata trailers) {
              if (tag != null) {
                trailers.put(TRAILER_TAG, tag);
              }
              if (blob != null) {
                trailers.put(BLOB, blob);
              }
              super.close(status, trailers);
            }
          },
          headers);
    }
  }
}
