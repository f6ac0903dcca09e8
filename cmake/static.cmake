# AIRLOCK_STATIC: the code-airlock binary links libgit2, inih, jansson and
# everything they need from the distribution's own static archives, found
# with pkg-config --static, so the installed binary loads almost nothing
# at startup.  What stays shared:
#
#   glibc (libc, libm, libpthread, libdl, librt, libresolv): a static libc
#     breaks getpwnam() and getaddrinfo() (NSS) and is not what Debian
#     supports;
#   any library with no .a on this system: on Debian, MIT Kerberos's GSSAPI
#     (libgssapi_krb5 and, through it, libkrb5, libk5crypto, libcom_err,
#     libkrb5support, libkeyutils), which Debian ships only as shared
#     objects and which Debian's libgit2.a calls for HTTP Negotiate
#     authentication.
#
# Only the binary links this way; the tests link the shared libraries as
# before.  scripts/check-static.sh names what `ldd` may show.
#
# Sets AIRLOCK_STATIC_LIBS (what to link) and AIRLOCK_STATIC_SHARED (the
# libraries that stay shared, for the configure message).

set(AIRLOCK_GLIBC_LIBS c m pthread dl rt resolv util)

# Debian's libgit2.pc names -lssh2 but not libssh2's own dependencies, so
# libssh2's static list is added when libgit2's mentions it.
set(airlock_static_pkgs LIBGIT2 INIH JANSSON)
if("ssh2" IN_LIST LIBGIT2_STATIC_LIBRARIES)
	pkg_check_modules(SSH2 REQUIRED libssh2)
	list(APPEND airlock_static_pkgs SSH2)
endif()

# airlock_static_resolve(OUT PKGS...): each library of the packages'
# static lists as the path of its .a, glibc's and those without a .a as
# plain -lNAME (shared); the shared ones are appended to
# AIRLOCK_STATIC_SHARED.
function(airlock_static_resolve out)
	set(libs "")
	set(shared ${AIRLOCK_STATIC_SHARED})
	foreach(pkg ${ARGN})
		foreach(name ${${pkg}_STATIC_LIBRARIES})
			if(name IN_LIST AIRLOCK_GLIBC_LIBS)
				list(APPEND libs -l${name})
				continue()
			endif()
			string(MAKE_C_IDENTIFIER "AIRLOCK_A_${name}" var)
			find_library(${var} NAMES lib${name}.a
				HINTS ${${pkg}_STATIC_LIBRARY_DIRS})
			if(${var})
				list(APPEND libs ${${var}})
			else()
				list(APPEND libs -l${name})
				list(APPEND shared ${name})
			endif()
		endforeach()
		list(APPEND libs ${${pkg}_STATIC_LDFLAGS_OTHER})
	endforeach()
	list(REMOVE_DUPLICATES shared)
	set(${out} ${libs} PARENT_SCOPE)
	set(AIRLOCK_STATIC_SHARED ${shared} PARENT_SCOPE)
endfunction()

set(AIRLOCK_STATIC_SHARED "")
airlock_static_resolve(AIRLOCK_STATIC_LIBS ${airlock_static_pkgs})

# Does the set link a program that fetches?  When it does not, the usual
# reason is libgit2 built with GSSAPI that its .pc does not mention.
include(CheckCSourceCompiles)
function(airlock_static_links out)
	set(CMAKE_REQUIRED_INCLUDES ${LIBGIT2_INCLUDE_DIRS})
	set(CMAKE_REQUIRED_LIBRARIES ${ARGN})
	check_c_source_compiles("
#include <git2.h>
int main(void) { return git_remote_fetch(0, 0, 0, 0); }" ${out})
	set(${out} ${${out}} PARENT_SCOPE)
endfunction()

airlock_static_links(AIRLOCK_STATIC_LINKS ${AIRLOCK_STATIC_LIBS})
if(NOT AIRLOCK_STATIC_LINKS)
	pkg_check_modules(GSSAPI krb5-gssapi)
	if(NOT GSSAPI_FOUND)
		message(FATAL_ERROR "AIRLOCK_STATIC: libgit2 does not link "
			"statically on its own and krb5-gssapi is not found; "
			"install libkrb5-dev (Debian) or configure without "
			"-DAIRLOCK_STATIC=ON")
	endif()
	# Kerberos stays whole: its shared objects load their own
	# dependencies, which must not be linked in a second time.
	# -L and -l rather than the library's path, which would add an
	# rpath to the binary.
	foreach(dir ${GSSAPI_LIBRARY_DIRS})
		list(APPEND AIRLOCK_STATIC_LIBS -L${dir})
	endforeach()
	foreach(name ${GSSAPI_LIBRARIES})
		list(APPEND AIRLOCK_STATIC_LIBS -l${name})
	endforeach()
	list(APPEND AIRLOCK_STATIC_SHARED ${GSSAPI_LIBRARIES})
	airlock_static_links(AIRLOCK_STATIC_LINKS_GSS ${AIRLOCK_STATIC_LIBS})
	if(NOT AIRLOCK_STATIC_LINKS_GSS)
		message(FATAL_ERROR "AIRLOCK_STATIC: libgit2, inih and jansson "
			"do not link statically (see CMakeFiles/CMakeError.log); "
			"configure without -DAIRLOCK_STATIC=ON")
	endif()
endif()
message(STATUS "AIRLOCK_STATIC: shared beside glibc: "
	"${AIRLOCK_STATIC_SHARED}")
