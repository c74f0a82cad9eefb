# Debian installs Rails and Puma as system libraries: no Bundler, no Gemfile, nothing to download.
