#!/bin/sh
# check-static.sh BINARY: fail unless BINARY, built with AIRLOCK_STATIC,
# loads only what has no static form: glibc's own libraries and MIT
# Kerberos's GSSAPI with the libraries it loads itself (Debian ships no
# static Kerberos; libgit2 calls it).  Prints the list `ldd` shows.
set -eu

bin=${1:?usage: check-static.sh BINARY}
if ! command -v ldd >/dev/null 2>&1; then
	echo "check-static.sh: ldd is needed" >&2
	exit 2
fi
libs=$(ldd "$bin" | awk '{ print $1 }' | sed 's|.*/||') || {
	echo "check-static.sh: ldd cannot read '$bin'" >&2
	exit 2
}

bad=""
for lib in $libs; do
	case $lib in
	linux-vdso.so.* | ld-linux*.so.* | \
	    libc.so.* | libm.so.* | libpthread.so.* | libdl.so.* | \
	    librt.so.* | libresolv.so.*) ;;
	libgssapi_krb5.so.* | libkrb5.so.* | libk5crypto.so.* | \
	    libcom_err.so.* | libkrb5support.so.* | libkeyutils.so.*) ;;
	*) bad="$bad $lib" ;;
	esac
done

# shellcheck disable=SC2086 # one word per library
echo "check-static.sh: '$bin' loads:" $libs
if [ -n "$bad" ]; then
	echo "check-static.sh: '$bin' loads shared libraries that have a" \
	    "static form:$bad; configure with -DAIRLOCK_STATIC=ON" >&2
	exit 1
fi
