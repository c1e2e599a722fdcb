# Python TCPClient of document 001 (001_e72917b0a8829ed0.txt, "Example app:
# TCP Client in Python"), as written.
from socket import *
serverName = 'localhost'  # the document's 'servername' is a placeholder for the server's host name
serverPort = 12000
clientSocket = socket(AF_INET, SOCK_STREAM)
clientSocket.connect((serverName, serverPort))
sentence = input('Input lowercase sentence:')  # Python 3: raw_input is input
clientSocket.send(sentence.encode())
modifiedSentence = clientSocket.recv(1024)
print ('From Server:', modifiedSentence.decode())
clientSocket.close()
