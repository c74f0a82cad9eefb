/// The status page: plain HTML, CSS and JS in the binary, no build step. It loads the JSON once, then follows the
/// server's pushes over its own TurboCable feed (`<path>/cable`, stream `status`): no polling loop in the page.
enum StatusPage {
    /// The page.
    static let html = #"""
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>Navigator status</title>
    <style>
      body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #1d1d1f; }
      h1 { font-size: 20px; margin: 0 0 .2em; }
      h2 { font-size: 15px; margin: 1.6em 0 .4em; }
      table { border-collapse: collapse; min-width: 32em; }
      th, td { text-align: left; padding: .3em .9em .3em 0; border-bottom: 1px solid #e5e5ea; }
      th { font-weight: 600; color: #6e6e73; }
      .state { font-weight: 600; }
      .running { color: #1a7f37; } .starting { color: #9a6700; } .stopped { color: #6e6e73; }
      #feed { color: #6e6e73; }
    </style>
    </head>
    <body>
    <h1>Navigator</h1>
    <div id="summary"></div>
    <div id="feed">connecting…</div>
    <h2>Tenants</h2>
    <table><thead><tr><th>Tenant</th><th>State</th><th>PID</th><th>Memory</th></tr></thead><tbody id="tenants"></tbody></table>
    <h2>Managed processes</h2>
    <ul id="processes"></ul>
    <h2>Busiest streams</h2>
    <table><thead><tr><th>Stream</th><th>Subscribers</th></tr></thead><tbody id="streams"></tbody></table>
    <script>
    const base = location.pathname.replace(/\/$/, "");
    function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text; if (cls) td.className = cls; }
    function megabytes(bytes) { return bytes == null ? "" : (bytes / 1048576).toFixed(1) + " MB"; }
    function render(status) {
      document.getElementById("summary").textContent =
        `generation ${status.generation} · up ${status.uptimeSeconds} s · ${megabytes(status.residentBytes)} · ` +
        `${status.cable.connections} sockets, ${status.cable.streams} streams · reload failures ${status.reloadFailures}`;
      const tenants = document.getElementById("tenants");
      tenants.replaceChildren();
      for (const tenant of status.tenants) {
        const row = tenants.insertRow();
        row.dataset.tenant = tenant.path;
        cell(row, tenant.path);
        cell(row, tenant.state, "state " + tenant.state);
        cell(row, tenant.pid ?? "");
        cell(row, megabytes(tenant.residentBytes));
      }
      const processes = document.getElementById("processes");
      processes.replaceChildren(...status.managedProcesses.map(name => { const li = document.createElement("li"); li.textContent = name; return li; }));
      const streams = document.getElementById("streams");
      streams.replaceChildren();
      for (const stream of status.busiestStreams) { const row = streams.insertRow(); cell(row, stream.stream); cell(row, stream.subscribers); }
    }
    function follow(delay) {
      const socket = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + base + "/cable");
      socket.onopen = () => { delay = 1000; socket.send(JSON.stringify({ type: "subscribe", stream: "status" })); };
      socket.onmessage = event => {
        const frame = JSON.parse(event.data);
        if (frame.type === "subscribed") document.getElementById("feed").textContent = "live";
        if (frame.type === "message" && frame.stream === "status") render(frame.data);
      };
      socket.onclose = () => {
        document.getElementById("feed").textContent = "reconnecting…";
        setTimeout(() => follow(Math.min(delay * 2, 30000)), delay);
      };
    }
    fetch(base + ".json").then(response => response.json()).then(render);
    follow(1000);
    </script>
    </body>
    </html>
    """#
}
