# Strict warnings on our own targets only (never on third-party code).
function(s3load_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wpedantic -Wshadow -Wnon-virtual-dtor
                                            -Wold-style-cast -Wcast-align
                                            # Designated initializers may leave members at their defaults.
                                            -Wno-missing-field-initializers
                                            # GCC 12 false positives inside libstdc++'s std::string at -O3
                                            # (https://gcc.gnu.org/bugzilla/show_bug.cgi?id=105329).
                                            -Wno-restrict)
endfunction()
