# Sourced by .ci/run, ./sluice and the bench scripts: exports JAVA_HOME pointing at a JDK >= 21.
# An existing JAVA_HOME wins if it is new enough; otherwise the newest JDK under /usr/lib/jvm.

sluice_java_major() {
  # Prints the feature version of the java binary $1 (8 for 1.8, 17, 21, 25, ...), or 0.
  # The JDK's release file says it without starting a JVM (which costs a tenth of a second);
  # java -version answers for a JDK without one. The shell reads and cuts it itself: every
  # process started here (sed, cut, dirname) adds a millisecond or two to each ./sluice.
  local line="" key release="${1%/*/*}/release"
  if [ -r "$release" ]; then
    while IFS= read -r key || [ -n "$key" ]; do
      case "$key" in
        JAVA_VERSION=\"*)
          line=${key#JAVA_VERSION=\"}
          line=${line%%\"*}
          break
          ;;
      esac
    done <"$release"
  fi
  if [ -z "$line" ]; then
    line=$("$1" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
  fi
  case "$line" in
    1.*)
      line=${line#1.}
      echo "${line%%.*}"
      ;;
    "") echo 0 ;;
    *)
      line=${line%%.*}
      line=${line%%-*}
      echo "${line%%+*}"
      ;;
  esac
}

sluice_find_jdk() {
  local need=21 best="" best_major=0 d major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(sluice_java_major "$JAVA_HOME/bin/java")
    if [ "$major" -ge "$need" ]; then
      return 0
    fi
  fi
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/javac" ] || continue
    [ -L "$d" ] && continue
    major=$(sluice_java_major "$d/bin/java")
    if [ "$major" -gt "$best_major" ]; then
      best="$d"
      best_major="$major"
    fi
  done
  if [ "$best_major" -lt "$need" ]; then
    echo "sluice: no JDK >= $need found (JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm has none)" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

sluice_find_jdk || exit 2
export PATH="$JAVA_HOME/bin:$PATH"
