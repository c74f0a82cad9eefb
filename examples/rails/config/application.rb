require_relative "boot"

require "rails"
require "action_controller/railtie"
require "action_cable/engine"

module RailsDemo
  # The smallest app that exercises what Navigator proxies: pages, cookies, uploads, streaming and Action Cable.
  class Application < Rails::Application
    config.load_defaults 6.1
    config.eager_load = ENV["RAILS_ENV"] == "production"
    config.secret_key_base = ENV.fetch("SECRET_KEY_BASE", "navigator-test-app-not-secret-" * 4)
    config.hosts.clear
    config.logger = ActiveSupport::Logger.new($stdout)
    config.log_level = :info
    config.action_cable.disable_request_forgery_protection = true
    config.action_cable.cable = { "adapter" => "async" }
    config.action_cable.mount_path = nil
  end
end
