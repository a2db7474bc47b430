# Shared by the submit/ scripts: Java options for Spark on Java 17, and building on first use.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

# The native-memory settings GPEN's forward needs to run at full speed (submit/lib/native-memory.env),
# exported for the JVM unless the caller set them: glibc reads them when the process starts.
while IFS="=" read -r _nm_key _nm_value; do
  case "$_nm_key" in ''|\#*) continue ;; esac
  [ -n "${!_nm_key+set}" ] || export "$_nm_key=$_nm_value"
done < "$root/submit/lib/native-memory.env"
unset _nm_key _nm_value

# Spark's own --add-opens list for Java 17 (launcher JavaModuleOptions), kept in pom.xml.
SPARK_JAVA_OPTS="$(sed -n 's:.*<spark.java.opens>\(.*\)</spark.java.opens>.*:\1:p' "$root/pom.xml")"

# A user path made absolute (URIs with a scheme are left alone).
absolute() {
  case "$1" in
    *://*|/*) printf '%s' "$1" ;;
    *) printf '%s/%s' "$(pwd)" "$1" ;;
  esac
}

# Compiles and writes the runtime classpath (Spark included) when missing or out of date.
ensure_built() {
  local stamp="$root/target/classpath.txt" started="$root/target/.build-started"
  if [ ! -f "$stamp" ] || [ -n "$(find "$root/src/main" "$root/pom.xml" -newer "$stamp" -print -quit)" ]; then
    echo "gpen-spark: building (first use or sources changed)..." >&2
    mkdir -p "$root/target" && touch "$started"
    # jansi.noreset: Maven 3.8's Jansi writes its reset codes (ESC[0m) on exit even with -B and -q.
    (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -q -B -DskipTests compile \
        dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile="$stamp" >&2) \
      || { echo "gpen-spark: build failed (run 'mvn -B compile' to see why)" >&2; exit 1; }
    # build-classpath leaves an unchanged file untouched, which would rebuild on every call: the
    # stamp takes the build's start, so sources edited during the build still count as newer.
    touch -r "$started" "$stamp"
  fi
}
