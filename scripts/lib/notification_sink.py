"""A tiny HTTP endpoint for S3-style push notifications, used to check the local RADOS Gateway.

It listens on 127.0.0.1 (port 0 picks a free one), writes the port it got to --port-file, and appends one
JSON line per POST to --out: {"time": epoch seconds, "path": request path, "status": status answered,
"body": the request body as text}. The first --fail-first requests are answered 500 so that the sender's
retries can be observed; later ones 200. It runs until killed.
"""

import argparse
import http.server
import json
import os
import threading
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--fail-first", type=int, default=0)
    args = parser.parse_args()

    lock = threading.Lock()
    received = {"count": 0}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (name fixed by BaseHTTPRequestHandler)
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8", "replace")
            with lock:
                received["count"] += 1
                status = 500 if received["count"] <= args.fail_first else 200
                with open(args.out, "a", encoding="utf-8") as out:
                    line = {"time": time.time(), "path": self.path, "status": status, "body": body}
                    out.write(json.dumps(line, ensure_ascii=False) + "\n")
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *log_args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    # Written only once the socket listens, so a reader of the file can connect at once.
    with open(args.port_file + ".tmp", "w", encoding="utf-8") as port_file:
        port_file.write(str(server.server_address[1]))
    os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
