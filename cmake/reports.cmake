# The three reports (docs/reports/*.md): their tables of counts, gas and sizes must equal a
# fresh rendering of the committed benchmark JSON (docs/reports/data/), every "present" claim of
# the .NET table must hold against src/rvsys/sys.def, and the census's cheap programs, re-run on
# this build, must give the committed counts. Timing tables are not checked. Under 10 s.
add_test(NAME reports.tables COMMAND python3 ${CMAKE_SOURCE_DIR}/scripts/reports.py --check
                                     --build ${CMAKE_BINARY_DIR})
set_tests_properties(reports.tables PROPERTIES LABELS reports)
