// turbo_cable.js: a dependency-free browser client for Navigator's built-in TurboCable hub.
//
// Protocol (docs/CABLE.md): send {"type":"subscribe","stream":S} for each stream on open, answer every
// {"type":"ping"} with {"type":"pong"}, receive {"type":"message","stream":S,"data":D}.
// Unlike the turbo_cable gem's controller (one retry after 3 s, then never again), this client reconnects forever
// with exponential backoff and full jitter, and resubscribes every stream after each reconnect.
//
// Use: <div data-turbo-stream="true" data-streams="a,b" hidden></div> + <script type="module" src="/turbo_cable.js">.
// The page's streams are collected from every such marker; it starts by itself when a marker exists.
// String data is Turbo Stream HTML: applied with Turbo.renderStreamMessage when Turbo is on the page, else by a
// small DOM fallback (replace, update, append, prepend, before, after, remove; `target` or `targets`).
// Any other data is dispatched as a "turbo:stream-message" event with detail {stream, data}.

/** The WebSocket URL: the action-cable-url meta tag if present, else ws(s)://<host>/cable. */
export function cableURL(doc = document) {
  const meta = doc.querySelector('meta[name="action-cable-url"]');
  if (meta && meta.content) return new URL(meta.content, doc.baseURI).href.replace(/^http/, "ws");
  const scheme = doc.location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${doc.location.host}/cable`;
}

/** Stream names from every data-turbo-stream marker on the page (comma-separated in data-streams). */
export function pageStreams(doc = document) {
  const names = new Set();
  for (const marker of doc.querySelectorAll('[data-turbo-stream][data-streams]')) {
    for (const name of marker.dataset.streams.split(",")) if (name.trim()) names.add(name.trim());
  }
  return [...names];
}

/** Applies Turbo Stream HTML: with Turbo when loaded, else with the DOM fallback. */
export function applyTurboStream(html, doc = document) {
  const turbo = globalThis.Turbo;
  if (turbo && typeof turbo.renderStreamMessage === "function") {
    turbo.renderStreamMessage(html);
    return;
  }
  const template = doc.createElement("template");
  template.innerHTML = html;
  for (const stream of template.content.querySelectorAll("turbo-stream")) applyOne(stream, doc);
}

/** One <turbo-stream> element by hand. */
function applyOne(stream, doc) {
  const action = stream.getAttribute("action");
  const target = stream.getAttribute("target");
  const selector = stream.getAttribute("targets");
  const elements = target ? [doc.getElementById(target)].filter(Boolean)
    : selector ? [...doc.querySelectorAll(selector)] : [];
  const content = stream.querySelector("template")?.content;
  const fresh = () => (content ? content.cloneNode(true) : doc.createDocumentFragment());
  for (const element of elements) {
    switch (action) {
      case "replace": element.replaceWith(fresh()); break;
      case "update": element.replaceChildren(fresh()); break;
      case "append": element.append(fresh()); break;
      case "prepend": element.prepend(fresh()); break;
      case "before": element.before(fresh()); break;
      case "after": element.after(fresh()); break;
      case "remove": element.remove(); break;
    }
  }
}

/** A connection that stays up: reconnects forever and resubscribes its streams each time. */
export class TurboCable {
  constructor({ url = cableURL(), streams = pageStreams(), baseDelay = 500, maxDelay = 30000, onStatus } = {}) {
    this.url = url;
    this.streams = new Set(streams);
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
    this.onStatus = onStatus || (() => {});
    this.attempt = 0;
    this.stopped = false;
    this.socket = null;
    this.timer = null;
    this.subscribed = new Set();
  }

  /** Opens the socket (again). */
  connect() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const socket = new WebSocket(this.url);
    this.socket = socket;
    this.subscribed = new Set();
    this.onStatus("connecting");
    socket.onopen = () => {
      for (const stream of this.streams) this.send({ type: "subscribe", stream });
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.onStatus("disconnected");
      this.scheduleReconnect();
    };
    // Errors are followed by close; reconnecting is decided there.
    socket.onerror = () => {};
  }

  /** Exponential backoff with full jitter, capped, forever. */
  scheduleReconnect() {
    if (this.stopped) return;
    const ceiling = Math.min(this.maxDelay, this.baseDelay * 2 ** this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => this.connect(), Math.random() * ceiling);
  }

  /** Adds a stream (subscribes at once when connected). */
  subscribe(stream) {
    this.streams.add(stream);
    this.send({ type: "subscribe", stream });
  }

  /** Removes a stream. */
  unsubscribe(stream) {
    this.streams.delete(stream);
    this.subscribed.delete(stream);
    this.send({ type: "unsubscribe", stream });
  }

  /** Closes for good (no reconnect). */
  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      for (const stream of this.streams) this.send({ type: "unsubscribe", stream });
    }
    this.socket?.close();
    this.socket = null;
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  receive(text) {
    let message;
    try { message = JSON.parse(text); } catch { return; }
    switch (message.type) {
      case "ping":
        this.send({ type: "pong" });
        break;
      case "subscribed":
        this.subscribed.add(message.stream);
        // A working connection: the next outage starts the backoff from the bottom again.
        this.attempt = 0;
        if (this.subscribed.size === this.streams.size) this.onStatus("connected");
        break;
      case "message":
        if (!this.streams.has(message.stream)) break;
        if (typeof message.data === "string") {
          applyTurboStream(message.data);
        } else {
          document.dispatchEvent(new CustomEvent("turbo:stream-message", {
            detail: { stream: message.stream, data: message.data }, bubbles: true,
          }));
        }
        break;
    }
  }
}

/** Starts a client for the page's markers; status changes are dispatched as "turbo-cable:status" events. */
export function startTurboCable(options = {}) {
  const cable = new TurboCable({
    onStatus: (status) => document.dispatchEvent(new CustomEvent("turbo-cable:status", { detail: { status } })),
    ...options,
  });
  cable.connect();
  return cable;
}

if (typeof document !== "undefined" && !globalThis.turboCable) {
  const start = () => { if (pageStreams().length > 0) globalThis.turboCable = startTurboCable(); };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
}
