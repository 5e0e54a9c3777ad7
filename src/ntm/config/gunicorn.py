"""gunicorn's settings for ``make serve`` (docs/deploy.md); each can be set in the environment.

NTM_BIND (default 127.0.0.1:8000: behind nginx or Caddy on the same machine),
NTM_WORKERS (default 2 × cores + 1), NTM_THREADS (default 4),
NTM_FORWARDED_ALLOW_IPS (the proxy's address, default 127.0.0.1).
"""

import multiprocessing
import os

bind = os.environ.get("NTM_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("NTM_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("NTM_THREADS", "4"))
timeout = 120
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
limit_request_line = 8190
limit_request_fields = 100
forwarded_allow_ips = os.environ.get("NTM_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
loglevel = "info"
wsgi_app = "ntm.config.wsgi:application"
