# Sourced by ci/install-deps.sh and ci/mingw-deps.sh: a private view of the
# distribution's release suites (CODENAME and CODENAME-updates, no security
# suite), written from this machine's own apt sources, so that it keeps
# their URIs (http, https, mirror+file: as on GitHub's Ubuntu images) and
# their components (Ubuntu's universe holds Wine).  The system's apt
# configuration is never changed: apt is pointed at the view with
# $APT_RELEASE_OPTS (after apt_release_view DIR TYPE).
# shellcheck shell=bash

# apt_release_sources TYPE: the release suites' entries of every source
# this machine uses, as deb822 stanzas of TYPE (deb or deb-src), on stdout.
# Third-party repositories name other suites and are left out; one that
# names the same suite stays, harmlessly (apt looks in every source, and
# one without source packages costs apt-get update a warning).  (For
# tests/apt-release.test: DLLSHM_APT_ETC for /etc/apt, DLLSHM_APT_CODENAME
# for the codename of /etc/os-release.)
apt_release_sources() {
  local type=$1 codename etc=${DLLSHM_APT_ETC:-/etc/apt}
  codename=${DLLSHM_APT_CODENAME:-$(. /etc/os-release; echo "${VERSION_CODENAME:-}")}
  [ -n "$codename" ] || return 1
  shopt -s nullglob
  local lists=("$etc/sources.list" "$etc"/sources.list.d/*.list) stanzas=("$etc"/sources.list.d/*.sources)
  shopt -u nullglob
  # One-line format: deb [options] URI SUITE COMPONENT...
  { [ ${#lists[@]} -gt 0 ] && cat "${lists[@]}" 2>/dev/null; } | awk -v type="$type" -v c="$codename" '
    /^[[:space:]]*deb[[:space:]]/ {
      opts = ""; i = 2
      if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) { opts = opts " " $i; i++ } opts = opts " " $i; i++ }
      if ($(i + 1) != c && $(i + 1) != c "-updates") next
      comps = ""; for (k = i + 2; k <= NF && $k !~ /^#/; k++) comps = comps " " $k
      printf "Types: %s\nURIs: %s\nSuites: %s\nComponents:%s\n", type, $i, $(i + 1), comps
      if (opts ~ /signed-by=/) { s = opts; sub(/.*signed-by=/, "", s); sub(/[] ].*/, "", s); printf "Signed-By: %s\n", s }
      printf "\n"
    }'
  # deb822: every field kept but Types and Suites; disabled stanzas skipped.
  { [ ${#stanzas[@]} -gt 0 ] && awk 1 "${stanzas[@]}" 2>/dev/null; } | awk -v type="$type" -v c="$codename" '
    function flush(   k, out) {
      if (n && types ~ /(^| )deb( |$)/ && !disabled && suites != "") {
        out = "Types: " type "\nSuites:" suites "\n"
        for (k = 1; k <= n; k++) out = out body[k] "\n"
        printf "%s\n", out
      }
      n = 0; types = ""; suites = ""; disabled = 0; keep = 0
    }
    /^#/ { next }
    /^[[:space:]]*$/ { flush(); next }
    /^[[:space:]]/ { if (keep) body[++n] = $0; next }
    {
      name = tolower($1); val = $0; sub(/^[^:]*:[[:space:]]*/, "", val); keep = 0
      if (name == "types:") types = val
      else if (name == "enabled:") disabled = (tolower(val) == "no")
      else if (name == "suites:") {
        m = split(val, s, /[[:space:]]+/)
        for (k = 1; k <= m; k++) if (s[k] == c || s[k] == c "-updates") suites = suites " " s[k]
      } else { body[++n] = $0; keep = 1 }
    }
    END { flush() }'
}
