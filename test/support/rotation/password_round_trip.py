"""Generates passwords with moto's GetRandomPassword and parses them back with the real libpq.

Usage: password_round_trip.py COUNT EXCLUDE_CHARACTERS OUT_FILE
Writes one password per line to OUT_FILE (for the Node-side parsers) and prints a JSON summary:
how many survived a PostgreSQL URI, a libpq keyword/value string and a .pgpass lookup unchanged.
Values are inserted unescaped: with URI-unreserved characters only, none needs escaping.
"""
import ctypes
import ctypes.util
import json
import os
import sys
import tempfile

from moto.secretsmanager.utils import random_password

LENGTHS = (48, 40, 32)  # the class table: critical, high, moderate/low


class ConninfoOption(ctypes.Structure):
    _fields_ = [("keyword", ctypes.c_char_p), ("envvar", ctypes.c_char_p), ("compiled", ctypes.c_char_p),
                ("val", ctypes.c_char_p), ("label", ctypes.c_char_p), ("dispchar", ctypes.c_char_p), ("dispsize", ctypes.c_int)]


libpq = ctypes.CDLL(ctypes.util.find_library("pq") or "libpq.so.5")
libpq.PQconninfoParse.restype = ctypes.POINTER(ConninfoOption)
libpq.PQconninfoParse.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p)]
libpq.PQconninfoFree.argtypes = [ctypes.POINTER(ConninfoOption)]
libpq.PQconnectStartParams.restype = ctypes.c_void_p
libpq.PQconnectStartParams.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_char_p), ctypes.c_int]
libpq.PQpass.restype = ctypes.c_char_p
libpq.PQpass.argtypes = [ctypes.c_void_p]
libpq.PQfinish.argtypes = [ctypes.c_void_p]


def parsed_password(conninfo: str):
    error = ctypes.c_char_p()
    options = libpq.PQconninfoParse(conninfo.encode(), ctypes.byref(error))
    if not options:
        return None
    try:
        index = 0
        while options[index].keyword is not None:
            if options[index].keyword == b"password":
                return options[index].val.decode(errors="replace") if options[index].val else None
            index += 1
    finally:
        libpq.PQconninfoFree(options)
    return None


def pgpass_passwords(passwords):
    """libpq reads .pgpass while it sets a connection up, before any network I/O: PQpass shows what it found."""
    found = []
    with tempfile.TemporaryDirectory() as directory:
        for start in range(0, len(passwords), 500):
            batch = passwords[start:start + 500]
            path = os.path.join(directory, f"pgpass-{start}")
            with open(path, "w") as pgpass:
                for offset, password in enumerate(batch):
                    pgpass.write(f"127.0.0.1:1:db:u{offset}:{password}\n")
            os.chmod(path, 0o600)
            os.environ["PGPASSFILE"] = path
            for offset in range(len(batch)):
                keywords = (ctypes.c_char_p * 6)(b"host", b"port", b"dbname", b"user", b"connect_timeout", None)
                values = (ctypes.c_char_p * 6)(b"127.0.0.1", b"1", b"db", f"u{offset}".encode(), b"1", None)
                connection = libpq.PQconnectStartParams(keywords, values, 0)
                password = libpq.PQpass(connection)
                found.append(password.decode(errors="replace") if password else None)
                libpq.PQfinish(connection)
    return found


def main() -> None:
    count, exclude, out_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    passwords = [random_password(LENGTHS[i % 3], exclude, False, False, False, False, False, True) for i in range(count)]
    uri_ok = sum(parsed_password(f"postgresql://u:{p}@127.0.0.1:5432/db?sslmode=verify-full") == p for p in passwords)
    keyword_ok = sum(parsed_password(f"host=127.0.0.1 port=5432 user=u password={p} dbname=db") == p for p in passwords)
    pgpass_ok = sum(found == p for found, p in zip(pgpass_passwords(passwords), passwords))
    with open(out_file, "w") as out:
        out.write("\n".join(passwords))
    print(json.dumps({"count": count, "uri": uri_ok, "keywordValue": keyword_ok, "pgpass": pgpass_ok}))


if __name__ == "__main__":
    main()
