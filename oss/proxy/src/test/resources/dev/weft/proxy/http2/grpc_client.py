"""Calls the test Echo service through the proxy with Python's gRPC (grpcio), a client
implementation independent of grpc-java. Prints one line per result for the test to check.

usage: grpc_client.py HOST:PORT
"""
import hashlib
import struct
import sys

import grpc


def main(target):
    # Never through an HTTP proxy from the environment: the target is on 127.0.0.1.
    with grpc.insecure_channel(target, options=[("grpc.enable_http_proxy", 0)]) as channel:
        unary = channel.unary_unary("/weft.test.Echo/Unary")
        payload = b"hello from python \x00\x01\xfe\xff"
        rsp, call = unary.with_call(payload, timeout=20, metadata=[("x-request-tag", "py-1")])
        print("unary", rsp.hex())
        print("echo-tag", dict(call.initial_metadata()).get("x-echo-tag"))
        print("trailer-tag", dict(call.trailing_metadata()).get("x-trailer-tag"))

        stream = channel.unary_stream("/weft.test.Echo/ServerStream")
        messages = list(stream(struct.pack(">ii", 50, 1000), timeout=20))
        print("stream", len(messages), hashlib.sha256(b"".join(messages)).hexdigest())

        fail = channel.unary_unary("/weft.test.Echo/Fail")
        try:
            fail(b"py", timeout=20)
            print("fail none")
        except grpc.RpcError as e:
            print("fail", e.code().name, e.details())


if __name__ == "__main__":
    main(sys.argv[1])
