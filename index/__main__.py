import sys

from index.build import main

sys.exit(main())
