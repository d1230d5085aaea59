from sosinfo.cli import main

main()
