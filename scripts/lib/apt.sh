# Sourced by the scripts that install what the tests need (scripts/ensure-*.sh), after
# they define `say`. apt_install PACKAGE...: installs the packages from Debian, or, without
# root, fails saying the command to run.
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    say "ERROR: not root, cannot install: $*"
    say "install them with: sudo apt-get update && sudo apt-get install -y --no-install-recommends $*"
    exit 1
  fi
  say "installing with apt-get: $*"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends "$@" >&2
}
