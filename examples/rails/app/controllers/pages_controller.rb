class PagesController < ApplicationController
  def index
    visits = cookies[:visits].to_i + 1
    cookies[:visits] = visits.to_s
    render html: "<h1>Rails behind Navigator</h1><p id=\"visits\">visits=#{visits}</p>".html_safe
  end

  def pid
    render json: { pid: Process.pid, script_name: request.script_name }
  end

  def upload
    total = 0
    while (chunk = request.body.read(65_536))
      total += chunk.bytesize
    end
    render plain: total.to_s
  end
end
