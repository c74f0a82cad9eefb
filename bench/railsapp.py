"""The real Rails 6.1 app on Puma (examples/rails, Debian packages, offline) as a benchmark tenant."""
import os
import shutil

import common


def prepare(work):
    """Copies examples/rails into `work`/rails and returns its path."""
    app = os.path.join(work, "rails")
    shutil.copytree(os.path.join(common.ROOT, "examples/rails"), app)
    os.makedirs(os.path.join(app, "tmp"), exist_ok=True)
    return app


def env(app, prefix):
    """The environment the app runs with, behind Navigator at `prefix` or directly."""
    return {"RAILS_ENV": "production", "RAILS_RELATIVE_URL_ROOT": prefix.rstrip("/"), "RAILS_MAX_THREADS": "5",
            "PIDFILE": os.path.join(app, "tmp/server.pid")}


def command(port):
    """Arguments after the runtime (`ruby`) that start Puma on `port`."""
    return ["bin/rails", "server", "-b", "127.0.0.1", "-p", str(port)]


def tenant_yaml(app, prefix):
    """A tenants: entry serving the app at `prefix` (e.g. /rails/), health check /up."""
    lines = [f"    - path: {prefix}", f"      root: {app}", "      runtime: ruby", "      server: bin/rails",
             '      args: ["server", "-b", "127.0.0.1", "-p", "{{port}}"]', "      health_check: /up",
             "      startup_timeout: 90s", "      env:"]
    lines += [f'        {k}: "{v}"' for k, v in env(app, prefix).items()]
    return "\n".join(lines) + "\n"
