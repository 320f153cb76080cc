"""moto server answering one request at a time (started by `logsvc_start_moto` in scripts/prerequisites.sh).

Usage: python3 scripts/moto_serial.py HOST PORT

DynamoDB's transactions and conditional writes are atomic. Threaded moto's are not: a TransactWriteItems whose
condition fails restores a copy of the whole table taken when it began, undoing what other requests wrote meanwhile,
and a conditional write checks and writes without a lock. Served one request at a time, moto keeps the guarantees
logsvc relies on, while its clients still race each other between requests. Little throughput is lost: moto's
Python holds the GIL anyway."""
import os
import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

host, port = sys.argv[1], int(sys.argv[2])
os.environ.setdefault("MOTO_PORT", str(port))
run_simple(host, port, DomainDispatcherApplication(create_backend_app), threaded=False)
