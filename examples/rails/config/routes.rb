Rails.application.routes.draw do
  get "up", to: "health#show"
  get "pid", to: "pages#pid"
  post "upload", to: "pages#upload"
  get "stream", to: "stream#show"
  mount ActionCable.server => "/cable"
  root to: "pages#index"
end
