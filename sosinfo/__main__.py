from sosinfo.entry import main

main()
