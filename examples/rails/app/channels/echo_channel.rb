# Sends every message straight back to the subscriber.
class EchoChannel < ApplicationCable::Channel
  def subscribed
    stream_from "echo_#{connection.object_id}"
  end

  def receive(data)
    transmit(data)
  end
end
