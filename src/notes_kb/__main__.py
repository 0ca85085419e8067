from notes_kb.cli.app import main

main()
