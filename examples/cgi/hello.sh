#!/bin/sh
# A minimal CGI script used by examples/static-site.yml.
printf 'Content-Type: text/plain\r\n\r\nHello from CGI (%s)\n' "$REQUEST_METHOD"
