from kpiguard.cli import main

main()
