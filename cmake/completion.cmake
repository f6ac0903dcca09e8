# Script mode helper for install.cmake: run the built binary's completion
# command and write its output to a file, so the installed completion
# scripts always match the command table they were built from.
#
#   cmake -DBIN=... -DSHELL_NAME=bash|zsh|fish -DOUT=... -P completion.cmake

execute_process(COMMAND ${BIN} completion ${SHELL_NAME}
	OUTPUT_FILE ${OUT}.tmp
	RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
	file(REMOVE ${OUT}.tmp)
	message(FATAL_ERROR "'${BIN} completion ${SHELL_NAME}' failed: ${rc}")
endif()
file(RENAME ${OUT}.tmp ${OUT})
