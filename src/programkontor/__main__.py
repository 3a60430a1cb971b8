from programkontor.cli import main

main()
