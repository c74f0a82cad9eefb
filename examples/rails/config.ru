require_relative "config/environment"

# Navigator forwards the full path (/prefix/...), so mount the app under RAILS_RELATIVE_URL_ROOT when it is set,
# and keep /up answering at the root for readiness probes.
prefix = ENV["RAILS_RELATIVE_URL_ROOT"].to_s
if prefix.empty?
  run Rails.application
else
  map("/up") { run ->(_env) { [200, { "Content-Type" => "text/plain" }, ["OK"]] } }
  map(prefix) { run Rails.application }
end
