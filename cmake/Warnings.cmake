# Warnings.cmake: one place for the project's warning flags. Third-party code gets none of them.
function(crm_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wpedantic
                                           -Wno-missing-field-initializers)
  if(CRM_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
