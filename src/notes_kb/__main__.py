from notes_kb.cli.client import main

main()
