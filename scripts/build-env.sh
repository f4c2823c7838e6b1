# Sourced by ./sl2a, .ci/run and the bench scripts: selects JDK 25 and prepares the Maven wrapper.
# JAVA_HOME wins when it points at a JDK 25; else Temurin 25 where Debian-style machines keep it.

sl2a_find_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] \
        && "$candidate/bin/java" -version 2>&1 | grep -q 'version "25'; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if ! SL2A_JDK=$(sl2a_find_jdk); then
  echo "sl2a: JDK 25 not found: set JAVA_HOME to a JDK 25 (e.g. Temurin 25)" >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME="$SL2A_JDK"
export PATH="$JAVA_HOME/bin:$PATH"

# The Maven wrapper reads its distribution from the local repository (see .mvn/wrapper).
MAVEN_USER_HOME="${MAVEN_USER_HOME:-$HOME/.m2}"
SL2A_MAVEN_VERSION=3.9.9
SL2A_MAVEN_ZIP="$MAVEN_USER_HOME/repository/org/apache/maven/apache-maven/$SL2A_MAVEN_VERSION/apache-maven-$SL2A_MAVEN_VERSION-bin.zip"
if [ -z "${MVNW_REPOURL:-}" ]; then
  export MVNW_REPOURL="file://$MAVEN_USER_HOME/repository"
  if [ ! -f "$SL2A_MAVEN_ZIP" ]; then
    if ! command -v mvn >/dev/null 2>&1; then
      echo "sl2a: the Maven wrapper needs a system 'mvn' once to fetch Maven $SL2A_MAVEN_VERSION (apt-get install maven), or set MVNW_REPOURL" >&2
      return 1 2>/dev/null || exit 1
    fi
    mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
      -Dartifact=org.apache.maven:apache-maven:$SL2A_MAVEN_VERSION:zip:bin -Dtransitive=false >&2 || {
      echo "sl2a: could not fetch Maven $SL2A_MAVEN_VERSION into the local repository" >&2
      return 1 2>/dev/null || exit 1
    }
  fi
  # wget cannot read file: URLs; with credentials set, the wrapper copies through Java instead.
  export MVNW_USERNAME=local MVNW_PASSWORD=local
fi
