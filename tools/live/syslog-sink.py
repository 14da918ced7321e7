#!/usr/bin/env python3
"""A local syslog daemon for the live suite: binds a Unix datagram socket (as /dev/log or
/run/syslog would be) and appends every message it receives, one per line, to a file.
OpenBao's syslog audit device needs one; the test then checks what reached this second sink.
Usage: syslog-sink.py SOCKET_PATH OUTPUT_FILE"""
import os
import signal
import socket
import sys

path, output = sys.argv[1], sys.argv[2]
if os.path.exists(path):
    os.unlink(path)
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
sock.bind(path)
os.chmod(path, 0o666)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
with open(output, "ab", buffering=0) as out:
    while True:
        data = sock.recv(1 << 20)
        out.write(data.rstrip(b"\n") + b"\n")
