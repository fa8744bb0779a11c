#!/bin/sh
# Container entrypoint for Signpost.
#   (no arguments)         run the server with the config at $SIGNPOST_CONFIG
#                          (default /etc/signpost/signpost.yaml, else /etc/signpost/config.json)
#   --option ...           run the server with these extra options (e.g. --plugins DIR)
#   COMMAND ...            run another signpost command: check-config, convert-config, plugins...
# The server replaces this shell (exec): it runs as the container's main process and gets
# SIGTERM (docker stop) and SIGHUP (docker kill --signal=HUP: reload) directly.
set -e
SIGNPOST_HOME=${SIGNPOST_HOME:-/opt/signpost}
launcher="$SIGNPOST_HOME/bin/signpost"

case ${1:-} in
  '' | -*) ;;
  *) exec "$launcher" "$@" ;;
esac

config=${SIGNPOST_CONFIG:-}
if [ -z "$config" ]; then
  for candidate in /etc/signpost/signpost.yaml /etc/signpost/config.json; do
    if [ -e "$candidate" ]; then
      config=$candidate
      break
    fi
  done
fi
if [ -z "$config" ] || [ ! -r "$config" ]; then
  echo "signpost: no configuration: mount one at /etc/signpost/signpost.yaml, or set" \
    "SIGNPOST_CONFIG to its path${config:+ ($config cannot be read)}" >&2
  exit 2
fi
exec "$launcher" run --config "$config" "$@"
