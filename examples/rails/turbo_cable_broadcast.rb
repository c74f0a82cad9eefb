# frozen_string_literal: true

# A broadcast helper for Rails apps behind Navigator for Swift, sending exactly the request the turbo_cable gem
# sends (spec Part C §1.7): one POST per broadcast, compact JSON {"stream":…,"data":…}, Content-Type
# application/json, Net::HTTP defaults otherwise. Put it in app/lib or config/initializers.
#
#   TurboCableBroadcast.turbo_stream("clock", action: "replace", target: "clock", html: "<span id=\"clock\">…</span>")
#   TurboCableBroadcast.json("progress", { percent: 50 })   # arrives as a turbo:stream-message event
#
# Set TURBO_CABLE_BROADCAST_URL to the front server (e.g. http://localhost:3000/_broadcast) in navigator.yml's
# applications.env: Navigator sets PORT to the tenant's own port, so the default below would reach the app itself.
# Use localhost or 127.0.0.1, never an IPv6 literal (Net::HTTP gets "[::1]" with brackets and fails).
require "json"
require "net/http"
require "uri"
require "erb"

module TurboCableBroadcast
  module_function

  # The endpoint, read at every call like the gem does.
  def url
    URI(ENV.fetch("TURBO_CABLE_BROADCAST_URL") { "http://localhost:#{ENV.fetch('PORT', '3000')}/_broadcast" })
  end

  # Sends any JSON value as data; returns the Net::HTTP response, or nil after logging a failure.
  def json(stream, data)
    post(stream: stream.to_s, data: data)
  end

  # Sends a Turbo Stream action, with the gem's exact HTML layout.
  def turbo_stream(stream, action:, target:, html: nil)
    body = if action.to_s == "remove"
             %(<turbo-stream action="remove" target="#{ERB::Util.html_escape(target)}">\n</turbo-stream>\n)
           else
             %(<turbo-stream action="#{action}" target="#{ERB::Util.html_escape(target)}">\n  <template>\n    #{html}\n  </template>\n</turbo-stream>\n)
           end
    post(stream: stream.to_s, data: body)
  end

  def post(payload)
    uri = url
    http = Net::HTTP.new(uri.host, uri.port)
    # The server answers at once and never waits on subscribers; short timeouts keep request threads safe.
    http.open_timeout = 1
    http.read_timeout = 1
    request = Net::HTTP::Post.new(uri.path, "Content-Type" => "application/json")
    request.body = payload.to_json
    http.request(request)
  rescue StandardError => e
    (defined?(Rails) ? Rails.logger : Logger.new($stderr)).error("Broadcast failed: #{e.class}: #{e.message}")
    nil
  end
end
