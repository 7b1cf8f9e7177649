from kpiguard._entry import main

main()
