# The libraries s3load links, as targets s3load::curl, s3load::pq, s3load::microhttpd, s3load::zlib,
# s3load::crypto, s3load::expat and the decompressors s3load::zstd, s3load::bzip2, s3load::lzma.
#
# With S3LOAD_DEPS_PREFIX (what scripts/build-deps prints; scripts/test and scripts/demo pass it) the
# executable needs nothing but glibc: libcurl, libpq and libmicrohttpd come trimmed from that prefix and
# OpenSSL, zlib and expat from Debian's static archives. Without it, Debian's shared libraries are used:
# the same code, but every start maps and relocates the 37 libraries they pull in (LDAP, Kerberos, GnuTLS,
# SSH, …), which is most of a Lambda cold start.
set(S3LOAD_DEPS_PREFIX "" CACHE PATH
    "Prefix of the static libcurl, libpq and libmicrohttpd built by scripts/build-deps (empty: system shared libraries)")

find_package(Threads REQUIRED)

if(S3LOAD_DEPS_PREFIX)
  if(NOT EXISTS ${S3LOAD_DEPS_PREFIX}/lib/libcurl.a)
    message(FATAL_ERROR "S3LOAD_DEPS_PREFIX=${S3LOAD_DEPS_PREFIX} has no lib/libcurl.a: run scripts/build-deps")
  endif()
  # Debian's static archives, looked up under names of their own: a build directory configured without
  # the prefix before has FindOpenSSL's and FindZLIB's cache entries pointing at the shared libraries.
  foreach(_archive ssl crypto z expat zstd bz2 lzma)
    string(TOUPPER ${_archive} _name)
    find_library(S3LOAD_${_name}_ARCHIVE NAMES lib${_archive}.a REQUIRED)
  endforeach()

  function(s3load_static_import name archive)
    add_library(${name} STATIC IMPORTED GLOBAL)
    set_target_properties(${name} PROPERTIES IMPORTED_LOCATION ${archive})
    # The prefix's headers (curl, libpq, microhttpd) come before the system's, which may be other versions.
    target_include_directories(${name} SYSTEM INTERFACE ${S3LOAD_DEPS_PREFIX}/include)
    target_link_libraries(${name} INTERFACE ${ARGN})
  endfunction()
  s3load_static_import(s3load::crypto ${S3LOAD_CRYPTO_ARCHIVE} ${CMAKE_DL_LIBS} Threads::Threads)
  s3load_static_import(s3load::ssl ${S3LOAD_SSL_ARCHIVE} s3load::crypto)
  s3load_static_import(s3load::zlib ${S3LOAD_Z_ARCHIVE})
  s3load_static_import(s3load::expat ${S3LOAD_EXPAT_ARCHIVE})
  s3load_static_import(s3load::zstd ${S3LOAD_ZSTD_ARCHIVE})
  s3load_static_import(s3load::bzip2 ${S3LOAD_BZ2_ARCHIVE})
  s3load_static_import(s3load::lzma ${S3LOAD_LZMA_ARCHIVE} Threads::Threads)
  set(_lib ${S3LOAD_DEPS_PREFIX}/lib)
  s3load_static_import(s3load::curl ${_lib}/libcurl.a s3load::ssl s3load::zlib Threads::Threads)
  target_compile_definitions(s3load::curl INTERFACE CURL_STATICLIB)
  s3load_static_import(s3load::pq ${_lib}/libpq.a ${_lib}/libpgcommon_shlib.a ${_lib}/libpgport_shlib.a
                       s3load::ssl Threads::Threads)
  s3load_static_import(s3load::microhttpd ${_lib}/libmicrohttpd.a Threads::Threads)
else()
  find_package(CURL 7.75 REQUIRED)
  find_package(PostgreSQL REQUIRED)
  find_package(ZLIB REQUIRED)
  find_package(OpenSSL 3 REQUIRED)
  find_package(EXPAT REQUIRED)
  pkg_check_modules(MICROHTTPD REQUIRED IMPORTED_TARGET libmicrohttpd)
  pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
  find_package(BZip2 REQUIRED)
  find_package(LibLZMA REQUIRED)
  add_library(s3load::zstd ALIAS PkgConfig::ZSTD)
  add_library(s3load::bzip2 ALIAS BZip2::BZip2)
  add_library(s3load::lzma ALIAS LibLZMA::LibLZMA)
  add_library(s3load::curl ALIAS CURL::libcurl)
  add_library(s3load::pq ALIAS PostgreSQL::PostgreSQL)
  add_library(s3load::microhttpd ALIAS PkgConfig::MICROHTTPD)
  add_library(s3load::expat ALIAS EXPAT::EXPAT)
  add_library(s3load::zlib ALIAS ZLIB::ZLIB)
  add_library(s3load::crypto ALIAS OpenSSL::Crypto)
endif()
