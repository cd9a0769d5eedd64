# Warnings.cmake: one place for the project's warning flags. Third-party code gets none of them.
function(crm_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wpedantic
                                           -Wno-missing-field-initializers)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC 12 reports false "maybe-uninitialized" on std::variant moves (GCC bug 105593 family).
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized)
  endif()
  if(CRM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
