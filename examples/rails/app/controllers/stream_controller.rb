class StreamController < ApplicationController
  include ActionController::Live

  def show
    response.headers["Content-Type"] = "text/plain"
    # Rack::ETag would read the whole body to digest it (buffering the stream); it leaves bodies with Last-Modified alone.
    response.headers["Last-Modified"] = Time.now.httpdate
    5.times do |index|
      response.stream.write("chunk #{index}\n")
      sleep 0.2
    end
  ensure
    response.stream.close
  end
end
