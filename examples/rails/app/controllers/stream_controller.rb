class StreamController < ApplicationController
  include ActionController::Live

  def show
    response.headers["Content-Type"] = "text/plain"
    5.times do |index|
      response.stream.write("chunk #{index}\n")
      sleep 0.2
    end
  ensure
    response.stream.close
  end
end
