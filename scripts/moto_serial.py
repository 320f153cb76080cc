"""moto server whose DynamoDB answers one request at a time (started by `logsvc_start_moto` in scripts/prerequisites.sh).

Usage: python3 scripts/moto_serial.py HOST PORT

DynamoDB's transactions and conditional writes are atomic. Threaded moto's are not: a TransactWriteItems whose
condition fails restores a copy of the whole table taken when it began, undoing what other requests wrote meanwhile,
and a conditional write checks and writes without a lock. Holding one lock around each DynamoDB request keeps the
guarantees logsvc relies on, while its clients still race each other between requests. KMS and Cognito requests
run beside them, so a long Scan does not hold up a data key."""
import os
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

host, port = sys.argv[1], int(sys.argv[2])
os.environ.setdefault("MOTO_PORT", str(port))

application = DomainDispatcherApplication(create_backend_app)
dynamodb = threading.Lock()


def serialized_dynamodb(environ, start_response):
    if environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB_"):
        with dynamodb:
            return list(application(environ, start_response))
    return application(environ, start_response)


run_simple(host, port, serialized_dynamodb, threaded=True)
