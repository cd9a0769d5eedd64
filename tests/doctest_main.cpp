// doctest_main.cpp: doctest's main, compiled once for every native test executable.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
