from notes_kb.cli import main

main()
